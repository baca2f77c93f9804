#!/bin/sh
# Profiles one bench server under wrk load: node --cpu-prof, then the top of the profile.
# Needs the cached database (any `npm run bench -- --only handler` builds it).
#   sh bench/tools/profile-server.sh bench/servers/hono-steps.ts post-steps.lua / [seconds]   (lua "-" for none)
set -e
server=$1; script=$2; path=$3; secs=${4:-5}
dir=$(mktemp -d)
cp .cache/bench/steps-100000x10.db "$dir/steps.db"
taskset -c 1 node --cpu-prof --cpu-prof-dir="$dir" --import tsx "$server" "$dir/steps.db" > "$dir/ready" &
pid=$!
while [ ! -s "$dir/ready" ]; do sleep 0.1; done
port=$(sed 's/.*"port":\([0-9]*\).*/\1/' "$dir/ready")
lua="$dir/s.lua"
if [ "$script" != "-" ]; then cat "bench/lua/$script" bench/lua/report.lua > "$lua"; else cp bench/lua/report.lua "$lua"; fi
out=$(taskset -c 0 wrk -t1 -c50 -d${secs}s -s "$lua" "http://127.0.0.1:$port$path")
echo "$out" | grep -v WRKJSON
requests=$(echo "$out" | grep WRKJSON | sed 's/.*"requests":\([0-9]*\).*/\1/')
kill -TERM $pid; wait $pid || true
# tsx adds a loader thread with its own profile; the biggest file is the main thread
node --import tsx bench/tools/cpuprofile-top.ts "$(ls -S "$dir"/*.cpuprofile | head -1)" 40 "$requests"
rm -rf "$dir"
