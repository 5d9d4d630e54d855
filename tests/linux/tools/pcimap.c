/*
 * pcimap FILE OFFSET STRING: maps the first pages of FILE (a PCI BAR's
 * sysfs resource file, e.g. resource2_wc, which Linux maps write-combining)
 * shared, writes STRING at OFFSET with single-byte stores, reads it back and
 * prints "wrote STRING read back READ". Busybox has no applet that maps a
 * sysfs resource (they cannot be read or written, only mapped), hence this.
 * Freestanding (the cross compiler has no arm64 libc): raw Linux syscalls.
 * Exit status 0 when the read-back matches, 1 when not, 2 on an error.
 */
#define SYS_openat 56
#define SYS_write 64
#define SYS_exit 93
#define SYS_mmap 222
#define AT_FDCWD (-100)
#define O_RDWR 02
#define O_SYNC 04010000
#define PROT_RW 3
#define MAP_SHARED 1
#define MAP_LEN 0x10000UL

static long sys6(long n, long a, long b, long c, long d, long e, long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ volatile("svc #0"
			 : "+r"(x0)
			 : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
			 : "memory");
	return x0;
}

static unsigned long len(const char *s)
{
	unsigned long n = 0;

	while (s[n])
		n++;
	return n;
}

static void out(const char *s)
{
	sys6(SYS_write, 1, (long)s, (long)len(s), 0, 0, 0);
}

static void die(const char *what, int code)
{
	out("pcimap: ");
	out(what);
	out("\n");
	sys6(SYS_exit, code, 0, 0, 0, 0, 0);
}

static unsigned long number(const char *s)
{
	unsigned long v = 0, base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; *s; s++) {
		unsigned d = *s >= '0' && *s <= '9'   ? (unsigned)(*s - '0')
			     : *s >= 'a' && *s <= 'f' ? (unsigned)(*s - 'a' + 10)
						      : 99;
		if (d >= base)
			die("bad offset", 2);
		v = v * base + d;
	}
	return v;
}

static int run(int argc, char **argv)
{
	static char back[256];
	volatile char *p;
	unsigned long off, n, i;
	long fd, m;

	if (argc != 4)
		die("usage: pcimap FILE OFFSET STRING", 2);
	off = number(argv[2]);
	n = len(argv[3]);
	if (n >= sizeof(back) || off + n > MAP_LEN)
		die("string or offset too large", 2);
	fd = sys6(SYS_openat, AT_FDCWD, (long)argv[1], O_RDWR | O_SYNC, 0, 0, 0);
	if (fd < 0)
		die("cannot open the file", 2);
	m = sys6(SYS_mmap, 0, MAP_LEN, PROT_RW, MAP_SHARED, fd, 0);
	if (m < 0 && m > -4096)
		die("cannot map the file", 2);
	p = (volatile char *)m;
	for (i = 0; i < n; i++)
		p[off + i] = argv[3][i];
	/* the stores may sit in a write-combining buffer: a barrier drains them */
	__asm__ volatile("dsb sy" ::: "memory");
	for (i = 0; i < n; i++)
		back[i] = p[off + i];
	back[n] = 0;
	out("wrote ");
	out(argv[3]);
	out(" read back ");
	out(back);
	out("\n");
	for (i = 0; i < n; i++)
		if (back[i] != argv[3][i])
			return 1;
	return 0;
}

/* The kernel starts us with sp at argc, then argv[]. */
__attribute__((used)) static void start_c(long *sp)
{
	sys6(SYS_exit, run((int)sp[0], (char **)(sp + 1)), 0, 0, 0, 0, 0);
}

__asm__(".global _start\n"
	"_start:\n"
	"	mov x0, sp\n"
	"	bl start_c\n");
