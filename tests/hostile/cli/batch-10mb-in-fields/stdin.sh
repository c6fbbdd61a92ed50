# A 10 MB string in "fields": cut to the analysis cap like the text.
printf '{"ref":"f","fields":{"salary":"'
head -c 10000000 /dev/zero | tr '\0' 9
printf '"}}\n'
