/* link_sim.c: sim:[NAME][?firmware=ELF] -- the simulated SoC as a device
 * that stays powered between processes.
 *
 * The first open starts bpfsoc-sim in the background, serving the host
 * port on a Unix socket and the UART on a pseudo-terminal; later opens,
 * from any process, reach the same simulator, so programs and maps loaded
 * by one command are there for the next.  `bpfsoc sim stop` ends it.
 *
 * Its files live in one directory: $BPFSOC_SIM_DIR, or
 * ${XDG_RUNTIME_DIR:-/tmp}/bpfsoc-UID/NAME (NAME "default"):
 *   pid        the simulator's process id
 *   mmio.sock  its host port (what this link talks to)
 *   uart       a symlink to its UART's pty (serial:DIR/uart reaches it too)
 *   sim.log    its output
 *   lock       held by the process using the device, one at a time
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

#ifndef BPFSOC_SIM_BIN
#define BPFSOC_SIM_BIN "bpfsoc-sim"
#endif

static const char *const sim_keys[] = {"firmware", "timeout", NULL};

int bpfsoc_sim_paths(const char *rest, char *dir, size_t len)
{
	const char *env = getenv("BPFSOC_SIM_DIR"), *run = getenv("XDG_RUNTIME_DIR");
	char name[64];

	if (bpfsoc_uri_path(rest ? rest : "", name, sizeof(name)))
		return -ENAMETOOLONG;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '.')
			return -EINVAL;
	if (env && *env && !name[0])
		return snprintf(dir, len, "%s", env) < (int)len ? 0 : -ENAMETOOLONG;
	if (!run || !*run || access(run, W_OK))
		run = "/tmp";
	int n = snprintf(dir, len, "%s/bpfsoc-%u/%s", run, (unsigned)getuid(),
			 name[0] ? name : "default");
	return n < (int)len ? 0 : -ENAMETOOLONG;
}

static int mkdirs(const char *dir)
{
	char p[512];

	snprintf(p, sizeof(p), "%s", dir);
	for (char *s = p + 1; *s; s++)
		if (*s == '/') {
			*s = '\0';
			if (mkdir(p, 0700) && errno != EEXIST)
				return -errno;
			*s = '/';
		}
	return mkdir(p, 0700) && errno != EEXIST ? -errno : 0;
}

static int read_pid(const char *dir)
{
	char path[600];
	FILE *f;
	int pid = 0;

	snprintf(path, sizeof(path), "%s/pid", dir);
	if (!(f = fopen(path, "r")))
		return 0;
	if (fscanf(f, "%d", &pid) != 1)
		pid = 0;
	fclose(f);
	return pid > 0 && kill(pid, 0) == 0 ? pid : 0;
}

/* Starts bpfsoc-sim in the background, detached from this process: 0, or
 * -errno with err set. */
static int spawn(const char *dir, const char *firmware, char *err, size_t errlen)
{
	char sock[600], uart[600], log[600], pidf[600];
	const char *bin = getenv("BPFSOC_SIM");

	if (!bin || !*bin)
		bin = access(BPFSOC_SIM_BIN, X_OK) == 0 ? BPFSOC_SIM_BIN : "bpfsoc-sim";
	snprintf(sock, sizeof(sock), "%s/mmio.sock", dir);
	snprintf(uart, sizeof(uart), "%s/uart", dir);
	snprintf(log, sizeof(log), "%s/sim.log", dir);
	snprintf(pidf, sizeof(pidf), "%s/pid", dir);
	unlink(sock);
	unlink(uart);

	pid_t child = fork();
	if (child < 0) {
		snprintf(err, errlen, "sim: fork: %s", strerror(errno));
		return -errno;
	}
	if (child == 0) {
		/* a new session, then a grandchild that nobody waits for */
		setsid();
		pid_t g = fork();
		if (g != 0) {
			FILE *f = g > 0 ? fopen(pidf, "w") : NULL;
			if (f) {
				fprintf(f, "%d\n", (int)g);
				fclose(f);
			}
			_exit(g > 0 ? 0 : 1);
		}
		int in = open("/dev/null", O_RDONLY), out = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (in >= 0)
			dup2(in, 0);
		if (out >= 0) {
			dup2(out, 1);
			dup2(out, 2);
		}
		if (firmware && *firmware)
			setenv("BPFSOC_FIRMWARE", firmware, 1);
		execlp(bin, bin, "--mmio", sock, "--pty", uart, (char *)NULL);
		fprintf(stderr, "bpfsoc: cannot run %s: %s\n", bin, strerror(errno));
		_exit(127);
	}
	int status;
	waitpid(child, &status, 0);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(err, errlen, "sim: could not start %s in the background", bin);
		return -ECHILD;
	}
	/* the socket appears once the simulator is up */
	for (int i = 0; i < 1000; i++) {
		struct stat st;

		if (stat(sock, &st) == 0)
			return 0;
		if (i > 10 && !read_pid(dir))
			break;
		usleep(10000);
	}
	FILE *f = fopen(log, "r");
	char line[256] = "";
	if (f) {
		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		fclose(f);
	}
	line[strcspn(line, "\n")] = '\0';
	snprintf(err, errlen, "sim: %s did not start (%s): see %s", bin,
		 line[0] ? line : "no output", log);
	return -ECHILD;
}

static int sim_open(const char *rest, struct bpfsoc_link **out, char *err, size_t errlen)
{
	char dir[512], path[600], fw[512] = "", mrest[700];
	unsigned long timeout;
	int rc, lock;

	if ((rc = bpfsoc_uri_check_keys(rest, sim_keys, err, errlen)) ||
	    (rc = bpfsoc_uri_uint(rest, "timeout", 60000, &timeout, err, errlen)))
		return rc;
	if ((rc = bpfsoc_uri_param(rest, "firmware", fw, sizeof(fw))) < 0)
		return rc;
	if ((rc = bpfsoc_sim_paths(rest, dir, sizeof(dir)))) {
		snprintf(err, errlen, "sim:%s: not a simulator name (letters, digits, - and _)", rest);
		return rc;
	}
	if ((rc = mkdirs(dir))) {
		snprintf(err, errlen, "sim: %s: %s", dir, strerror(-rc));
		return rc;
	}
	/* one process at a time drives the device */
	snprintf(path, sizeof(path), "%s/lock", dir);
	lock = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lock < 0 || flock(lock, LOCK_EX | LOCK_NB)) {
		if (lock >= 0 && errno == EWOULDBLOCK) {
			pr_info("sim: another process has the simulator; waiting\n");
			flock(lock, LOCK_EX);
		} else {
			snprintf(err, errlen, "sim: %s: %s", path, strerror(errno));
			if (lock >= 0)
				close(lock);
			return -errno;
		}
	}
	if (!read_pid(dir)) {
		pr_info("sim: starting bpfsoc-sim in the background (%s)\n", dir);
		if ((rc = spawn(dir, fw, err, errlen))) {
			close(lock);
			return rc;
		}
	}
	snprintf(mrest, sizeof(mrest), "unix:%s/mmio.sock?timeout=%lu", dir, timeout);
	if ((rc = bpfsoc_link_mmio.open(mrest, out, err, errlen))) {
		close(lock);
		return rc;
	}
	bpfsoc_link_mmio_hold(*out, lock);
	return 0;
}

static const char *sim_rest(const char *uri)
{
	if (!uri || !*uri)
		return "";
	if (strncmp(uri, "sim:", 4))
		return NULL;
	return uri + 4;
}

int bpfsoc_sim__status(const char *uri, int *pid, char *dir, size_t len)
{
	const char *rest = sim_rest(uri);
	char d[512];

	if (!rest || bpfsoc_sim_paths(rest, d, sizeof(d)))
		return -EINVAL;
	if (dir)
		snprintf(dir, len, "%s", d);
	*pid = read_pid(d);
	return *pid ? 1 : 0;
}

int bpfsoc_sim__stop(const char *uri)
{
	char dir[512], path[600];
	int pid;

	if (bpfsoc_sim__status(uri, &pid, dir, sizeof(dir)) < 0)
		return -EINVAL;
	if (!pid)
		return -ESRCH;
	kill(pid, SIGTERM);
	for (int i = 0; i < 500 && kill(pid, 0) == 0; i++)
		usleep(10000);
	if (kill(pid, 0) == 0)
		kill(pid, SIGKILL);
	snprintf(path, sizeof(path), "%s/pid", dir);
	unlink(path);
	return 0;
}

/* Never called: sim_open hands back an MMIO link. */
static int sim_write(struct bpfsoc_link *l, const uint8_t *b, size_t n, char *e, size_t el)
{
	return bpfsoc_link_mmio.write(l, b, n, e, el);
}

static ssize_t sim_read(struct bpfsoc_link *l, uint8_t *b, size_t c, int t, char *e, size_t el)
{
	return bpfsoc_link_mmio.read(l, b, c, t, e, el);
}

static void sim_close(struct bpfsoc_link *l)
{
	bpfsoc_link_mmio.close(l);
}

const struct bpfsoc_link_ops bpfsoc_link_sim = {
	.scheme = "sim",
	.open = sim_open,
	.write = sim_write,
	.read = sim_read,
	.close = sim_close,
};
