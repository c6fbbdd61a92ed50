printf "first bad file" >"$1/memory.lwm.damaged"; printf "second bad file" >"$1/memory.lwm"
