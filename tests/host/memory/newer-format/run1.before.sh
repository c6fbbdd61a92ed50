printf "LWMEMORY\x02\x00\x00\x00" >"$1/memory.lwm"; head -c 200 /dev/zero >>"$1/memory.lwm"
