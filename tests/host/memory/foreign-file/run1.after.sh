# The foreign file is kept aside, a new memory file took its place.
set -e
[ "$(cat "$1/memory.lwm.damaged")" = "a note that is not a memory file" ]
[ "$(head -c 8 "$1/memory.lwm")" = LWMEMORY ]
