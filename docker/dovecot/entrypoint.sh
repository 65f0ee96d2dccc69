#!/bin/sh
# The report mailbox's login comes from the environment and is stored hashed, never in clear.
set -eu
: "${IMAP_USER:?}" "${IMAP_PASSWORD:?}"
install -d -o dovecot -g dovecot /var/mail
printf '%s:%s\n' "$IMAP_USER" "$(doveadm pw -s ARGON2ID -p "$IMAP_PASSWORD")" > /etc/dovecot/passwd
chmod 0640 /etc/dovecot/passwd
chgrp dovecot /etc/dovecot/passwd
exec dovecot -F
