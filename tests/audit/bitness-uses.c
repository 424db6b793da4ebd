// wb-file: arch/x86/include/asm/thread_info.h
/* SPDX-License-Identifier: GPL-2.0 */
#define TS_COMPAT		0x0002	/* 32bit syscall active: the definition is not a use */
#define in_ia32_syscall() (current_thread_info()->status & TS_COMPAT)
// wb-file: arch/x86/kernel/process.c
// SPDX-License-Identifier: GPL-2.0
void set_personality_64(void)
{
	/* TS_COMPAT in a comment is not a use */
	current_thread_info()->status &= ~TS_COMPAT;
}

void set_personality_32(void)
{
	current_thread_info()->status |= TS_COMPAT;
	pr_debug("TS_COMPAT set\n");
}
// wb-file: net/ipv4/sockopt.c
// SPDX-License-Identifier: GPL-2.0
int do_sockopt(struct sock *sk, char __user *optval)
{
	if (in_compat_syscall())
		return compat_sockopt(sk, optval);
	return native_sockopt(sk, optval);
}
// wb-file: drivers/input/evdev.c
// SPDX-License-Identifier: GPL-2.0
static size_t evdev_event_size(void)
{
	return in_compat_syscall() ? sizeof(struct compat_event) : sizeof(struct event);
}

static long evdev_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	return in_compat_syscall() || in_ia32_syscall() ? compat_ioctl(f, cmd, arg) : 0;
}
/*
 * check-name: bitness: every use of each tracker, counted by subsystem; definitions, comments and strings are not uses
 * check-command: $WB audit --repo $REPO bitness | wb_norm
 * check-command: $WB audit --repo $REPO --format=json bitness | python3 -c 'import json,sys; [print(t["name"], u["path"], u["line"], u["function"], u["kind"]) for t in json.load(sys.stdin)["audits"][0]["trackers"] for u in t["uses"]]'
 *
 * check-output-start
 * audit bitness at HEAD (<HEAD>)
 *
 * TS_COMPAT: 3 uses (0 calls, 3 other) in 1 subsystem
 *     arch/x86                             3
 * in_compat_syscall: 3 uses (3 calls, 0 other) in 2 subsystems
 *     drivers/input                        2
 *     net/ipv4                             1
 * in_ia32_syscall: 1 use (1 call, 0 other) in 1 subsystem
 *     drivers/input                        1
 *
 * bitness: 7 uses of 3 trackers; 4 files
 * not used: TIF_IA32, TIF_ADDR32, TIF_X32, is_64bit_mm, in_x32_syscall, mmap_is_ia32, is_compat_task, user_64bit_mode
 * TS_COMPAT arch/x86/include/asm/thread_info.h 3 in_ia32_syscall use
 * TS_COMPAT arch/x86/kernel/process.c 5 set_personality_64 use
 * TS_COMPAT arch/x86/kernel/process.c 10 set_personality_32 use
 * in_compat_syscall drivers/input/evdev.c 4 evdev_event_size call
 * in_compat_syscall drivers/input/evdev.c 9 evdev_ioctl call
 * in_compat_syscall net/ipv4/sockopt.c 4 do_sockopt call
 * in_ia32_syscall drivers/input/evdev.c 9 evdev_ioctl call
 * check-output-end
 */
