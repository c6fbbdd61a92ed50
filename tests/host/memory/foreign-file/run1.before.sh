printf "a note that is not a memory file\n" >"$1/memory.lwm"
