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
lua=""
[ -n "$script" ] && [ "$script" != "-" ] && lua="-s bench/lua/$script"
taskset -c 0 wrk -t1 -c50 -d${secs}s $lua "http://127.0.0.1:$port$path"
kill -TERM $pid; wait $pid || true
# tsx adds a loader thread with its own profile; the biggest file is the main thread
node --import tsx bench/tools/cpuprofile-top.ts "$(ls -S "$dir"/*.cpuprofile | head -1)" 25
rm -rf "$dir"
