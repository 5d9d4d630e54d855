/*
 * tessera-check: files, the temporary directory, running dtc and QEMU, and
 * the host DT copy that says where the payload is.
 */
#include <errno.h>
#include <fcntl.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "dt/dt.h"

#define MAX_TEMPS 8
#define DT_GROWTH 1024 /* room for the /chosen properties of the payload */

static char temp_dir[256];
static char temps[MAX_TEMPS][320];
static unsigned nr_temps;

static void remove_temps(void)
{
	for (unsigned i = 0; i < nr_temps; i++)
		unlink(temps[i]);
	if (temp_dir[0])
		rmdir(temp_dir);
}

const char *check_temp_path(const char *name)
{
	if (!temp_dir[0]) {
		const char *t = getenv("TMPDIR");

		snprintf(temp_dir, sizeof(temp_dir), "%s/tessera-check.XXXXXX",
			 t && t[0] ? t : "/tmp");
		if (!mkdtemp(temp_dir)) {
			fprintf(stderr, "tessera-check: cannot make a directory %s: %s\n",
				temp_dir, strerror(errno));
			temp_dir[0] = '\0';
			return NULL;
		}
		atexit(remove_temps);
	}
	if (nr_temps == MAX_TEMPS)
		return NULL;
	snprintf(temps[nr_temps], sizeof(temps[0]), "%s/%s", temp_dir, name);
	return temps[nr_temps++];
}

void *check_read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	void *buf;

	if (!f) {
		fprintf(stderr, "tessera-check: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		fprintf(stderr, "tessera-check: %s: not a regular file\n", path);
		fclose(f);
		return NULL;
	}
	/* malloc'd memory is aligned for any type: 8 bytes at least */
	buf = malloc((size_t)st.st_size + 1);
	if (!buf || fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		fprintf(stderr, "tessera-check: %s: cannot read it\n", path);
		free(buf);
		fclose(f);
		return NULL;
	}
	fclose(f);
	*size = (size_t)st.st_size;
	return buf;
}

/* Runs argv[0] from PATH; stdout and stderr go to out_fd unless it is -1
 * (then they stay ours). Returns its exit status, 127 if it could not be
 * started, or -1 if fork failed. */
static int run(char *const argv[], int out_fd)
{
	pid_t pid;
	int status;

	fflush(stdout); /* its output comes after ours */
	fflush(stderr);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);

		if (null >= 0)
			dup2(null, STDIN_FILENO);
		if (out_fd >= 0) {
			dup2(out_fd, STDOUT_FILENO);
			dup2(out_fd, STDERR_FILENO);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

/* Whether an executable name is on PATH. */
static bool on_path(const char *name)
{
	const char *path = getenv("PATH");
	char buf[1024];

	while (path && *path) {
		size_t n = strcspn(path, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, n ? path : ".", name);
		if (!access(buf, X_OK))
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

int check_dtc(const char *dts, const char *out)
{
	/* tools/mkpayload's flags, and why: a guest's "name" property differs
	 * from its node name (dtc's name_properties check), guest@N has no reg */
	char *const argv[] = {"dtc",       "-q",
			      "-E",        "no-name_properties",
			      "-W",        "no-unit_address_vs_reg",
			      "-I",        "dts",
			      "-O",        "dtb",
			      "-o",        (char *)out,
			      (char *)dts, NULL};
	int r;

	if (!on_path("dtc")) {
		fprintf(stderr,
			"tessera-check: %s: dtc is needed to compile a .dts "
			"(Debian: apt-get install device-tree-compiler)\n",
			dts);
		return EXIT_USAGE;
	}
	r = run(argv, -1);
	if (r) {
		printf("error: %s: dtc cannot compile it (its messages are above)\n",
		       dts);
		return EXIT_REJECTED;
	}
	return 0;
}

int check_qemu_dump(const char *out)
{
	char machine[400];
	char *const argv[] = {CHECK_QEMU, "-M",   machine,    "-cpu", "max",
			      "-m",       "1G",   "-smp",     "4",    "-nographic",
			      "-net",     "none", "-monitor", "none", NULL};
	const char *log = check_temp_path("qemu.log");
	int fd, r;

	if (!on_path(CHECK_QEMU))
		return -1;
	if (!log)
		return 1;
	snprintf(machine, sizeof(machine),
		 "virt,virtualization=on,gic-version=3,dumpdtb=%s", out);
	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	r = run(argv, fd);
	if (fd >= 0)
		close(fd);
	if (r) {
		size_t n;
		char *text = check_read_file(log, &n);

		fprintf(stderr,
			"tessera-check: %s failed (exit %d) dumping QEMU virt's DT%s\n",
			CHECK_QEMU, r, text && n ? ":" : "");
		if (text && n) {
			text[n] = '\0';
			fprintf(stderr, "%s", text);
		}
		free(text);
		return 1;
	}
	return 0;
}

int check_fdt_blob(const void *blob, size_t size, const char *path, const char *what)
{
	int r;

	if (size < sizeof(struct fdt_header) || fdt_magic(blob) != FDT_MAGIC) {
		fprintf(stderr,
			"tessera-check: %s: not a flattened device tree (.dtb)%s\n", path,
			what);
		return -1;
	}
	r = dt_check_header(blob, size);
	if (!r)
		r = fdt_check_full(blob, size);
	if (r) {
		fprintf(stderr, "tessera-check: %s: a broken device tree%s: %s\n", path,
			what, fdt_strerror(r));
		return -1;
	}
	return 0;
}

void *check_host_copy(const void *fdt, uint64_t payload, uint64_t payload_size)
{
	int size = (int)fdt_totalsize(fdt) + DT_GROWTH, chosen, r;
	void *copy = malloc((size_t)size);

	if (!copy)
		return NULL;
	r = fdt_open_into(fdt, copy, size);
	if (!r && payload_size) {
		chosen = fdt_path_offset(copy, "/chosen");
		if (chosen < 0)
			chosen = fdt_add_subnode(copy, 0, "chosen");
		r = chosen < 0 ? chosen
			       : fdt_setprop_u64(copy, chosen, "linux,initrd-start",
						 payload);
		if (!r)
			r = fdt_setprop_u64(copy, chosen, "linux,initrd-end",
					    payload + payload_size);
	}
	if (!r)
		r = fdt_pack(copy);
	if (r) {
		fprintf(stderr, "tessera-check: cannot edit the host DT: %s\n",
			fdt_strerror(r));
		free(copy);
		return NULL;
	}
	return copy;
}
