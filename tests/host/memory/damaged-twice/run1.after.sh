# Neither bad file was overwritten or lost.
set -e
[ "$(cat "$1/memory.lwm.damaged")" = "first bad file" ]
[ "$(cat "$1/memory.lwm")" = "second bad file" ]
[ "$(ls -A "$1" | wc -l)" = 2 ]
