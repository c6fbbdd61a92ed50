printf '{"ref":"big","text":"registration fee '
head -c 10000000 /dev/zero | tr '\0' a
printf '"}\n'
