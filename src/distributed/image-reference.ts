/**
 * A container image reference as registries and Kubernetes take it (the distribution project's
 * grammar): `[host[:port]/]path[:tag][@digest]`, the path lower-case components joined by `/`.
 * `node runner k8s --image` checks it so a typo fails here, not as N pods stuck in ErrImagePull.
 */
const DOMAIN = String.raw`(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?`
const COMPONENT = String.raw`[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*`
const TAG = String.raw`[\w][\w.-]{0,127}`
const DIGEST = String.raw`[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}`
const REFERENCE = new RegExp(`^(?:${DOMAIN}/)?(${COMPONENT}(?:/${COMPONENT})*)(?::${TAG})?(?:@${DIGEST})?$`)
/** The longest repository name registries accept. */
const MAX_NAME = 255

export function imageProblem(image: string): string | undefined {
  const example = 'e.g. registry.example/edgeload-runner:1 or edgeload-runner@sha256:<64 hex digits>'
  const match = REFERENCE.exec(image)
  if (!match) return `--image ${JSON.stringify(image)} is not a valid image reference (lower-case name, optional registry, :tag and @digest; ${example})`
  if (image.replace(/@.*$/, '').replace(/:[\w.-]+$/, '').length > MAX_NAME) return `--image ${JSON.stringify(image)}: its name is longer than ${MAX_NAME} characters`
  return undefined
}
