/*
 * cmd_host_send.h - `lurewatch host-send`: talk to lurewatch-host from a
 * shell.
 */
#ifndef LW_CMD_HOST_SEND_H
#define LW_CMD_HOST_SEND_H

/** Run `lurewatch host-send`; argv[0] is "host-send". Returns the exit
 *  status: 0 when every message got a valid reply and the host exited 0. */
int cmd_host_send(int argc, char **argv);

#endif /* LW_CMD_HOST_SEND_H */
