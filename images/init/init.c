// The image's /init (PID 1): prepares the file systems, loads the drivers for the hardware present,
// starts the agent, reaps every orphan, and powers off or reboots when the agent exits.
//
// The root (the initramfs) is read-only once the agent starts; writable tmpfs are mounted at /etc,
// /var, /system, /run and /tmp. The agent's exit status says what to do next:
//   0                  power off
//   EXIT_REBOOT (10)   reboot
//   anything else      (a crash, a fault, a signal) the agent is started again: what it left running
//                      is stopped and what it mounted is unmounted first, so the new one starts as
//                      after a boot, with the config and the data the tmpfs and disks keep. More than
//                      MAX_RESTARTS within RESTART_WINDOW seconds: reboot.
//
// Fault injection, for tests only: with `talos-ts.fault-port=<tty>` on the kernel command line (never
// written by the installer, so never on a production node), a line `kill-agent` on that serial port
// (e.g. ttyS1, a second QEMU serial port) makes init kill the agent with SIGKILL; it answers
// `killed <pid>`. Without the parameter nothing listens.
// Build: gcc -static -Os -o init init.c
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define AGENT "/usr/lib/talos-ts/start.cjs"
#define NODE "/usr/bin/node"
#define MODPROBE "/usr/sbin/modprobe"
#define EXIT_REBOOT 10
#define MAX_ALIASES 1024
// Present while the drivers are loading (the agent waits for it to go before it looks at devices).
#define DRIVERS_LOADING "/run/drivers-loading"
#define AGENT_PID_FILE "/run/talos-ts-agent.pid"
#define FAULT_PORT_PARAM "talos-ts.fault-port="
#define MAX_RESTARTS 5
#define RESTART_WINDOW 600
#define MAX_MOUNTS 512

// Children of init other than the agent that a restart must leave alone (0: none or gone).
static pid_t loader, fault_port_pid;
// The mounts init made itself (mount ids from /proc/self/mountinfo), kept across agent restarts.
static int base_mounts[MAX_MOUNTS];
static int n_base_mounts;

static void say(const char *fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf - 1, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if (n > (int)sizeof buf - 2) n = sizeof buf - 2;
  buf[n++] = '\n';
  struct timespec ts;
  clock_gettime(CLOCK_BOOTTIME, &ts);
  dprintf(2, "[%5ld.%06ld] init: ", (long)ts.tv_sec, ts.tv_nsec / 1000);
  if (write(2, buf, n) < 0) return;
}

static void must_mount(const char *src, const char *dst, const char *type, unsigned long flags,
                       const char *data) {
  mkdir(dst, 0755);
  if (mount(src, dst, type, flags, data) != 0) say("mount %s on %s: %s", type, dst, strerror(errno));
}

static void write_file(const char *path, const char *text) {
  int fd = open(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0 || write(fd, text, strlen(text)) < 0) say("write %s: %s", path, strerror(errno));
  if (fd >= 0) close(fd);
}

static void console(void) {
  int fd = open("/dev/console", O_RDWR | O_NOCTTY);
  if (fd < 0) return;
  for (int i = 0; i < 3; i++)
    if (fd != i) dup2(fd, i);
  if (fd > 2) close(fd);
}

static void mounts(void) {
  const unsigned long nosuid = MS_NOSUID | MS_NODEV | MS_NOEXEC;
  must_mount("proc", "/proc", "proc", nosuid, NULL);
  must_mount("sysfs", "/sys", "sysfs", nosuid, NULL);
  must_mount("devtmpfs", "/dev", "devtmpfs", MS_NOSUID, "mode=0755");
  console();
  must_mount("devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC, "gid=5,mode=0620,ptmxmode=0666");
  must_mount("shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
  must_mount("cgroup2", "/sys/fs/cgroup", "cgroup2", nosuid, "nsdelegate");
  must_mount("bpf", "/sys/fs/bpf", "bpf", nosuid, "mode=0700");
  must_mount("securityfs", "/sys/kernel/security", "securityfs", nosuid, NULL);
  must_mount("run", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755");
  must_mount("tmp", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777");
  must_mount("var", "/var", "tmpfs", MS_NODEV, "mode=0755");
  must_mount("system", "/system", "tmpfs", MS_NODEV, "mode=0700");
  must_mount("etc", "/etc", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755");
  // /etc is written by the agent (resolv.conf, hosts, hostname, kubernetes/...); the fixed files
  // live read-only under /usr and are linked in.
  mkdir("/etc/ssl", 0755);
  mkdir("/etc/ssl/certs", 0755);
  if (symlink("/usr/share/ca-certificates/ca-certificates.crt", "/etc/ssl/certs/ca-certificates.crt") ||
      symlink("/usr/lib/os-release", "/etc/os-release") || symlink("/proc/self/mounts", "/etc/mtab"))
    say("populating /etc: %s", strerror(errno));
  mkdir("/var/log", 0755);
  mkdir("/var/lib", 0755);
  mkdir("/system/state", 0700);
}

// Runs argv[0] with argv and waits for it (reaping anything else that exits meanwhile).
static int run(char *const argv[]) {
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], argv);
    _exit(127);
  }
  if (pid < 0) return -1;
  int st;
  for (;;) {
    pid_t got = waitpid(-1, &st, 0);
    if (got == pid) return st;
    if (got < 0 && errno != EINTR) return -1;
  }
}

// Reads the modalias of every device on every bus into aliases[]; returns how many.
static int collect_aliases(char *aliases[], int max) {
  int n = 0;
  DIR *buses = opendir("/sys/bus");
  if (!buses) return 0;
  struct dirent *bus;
  while ((bus = readdir(buses)) && n < max) {
    if (bus->d_name[0] == '.') continue;
    char path[512];
    snprintf(path, sizeof path, "/sys/bus/%s/devices", bus->d_name);
    DIR *devs = opendir(path);
    if (!devs) continue;
    struct dirent *dev;
    while ((dev = readdir(devs)) && n < max) {
      if (dev->d_name[0] == '.') continue;
      char file[1024], buf[512];
      snprintf(file, sizeof file, "%s/%s/modalias", path, dev->d_name);
      int fd = open(file, O_RDONLY | O_CLOEXEC);
      if (fd < 0) continue;
      ssize_t len = read(fd, buf, sizeof buf - 1);
      close(fd);
      if (len <= 0) continue;
      buf[len] = 0;
      buf[strcspn(buf, "\n")] = 0;
      if (buf[0]) aliases[n++] = strdup(buf);
    }
    closedir(devs);
  }
  closedir(buses);
  return n;
}

// Loads the drivers of the devices present, as udev's coldplug would: every device's modalias
// through modprobe, again while new devices appear (virtio_pci brings virtio devices, and so on).
static void coldplug(void) {
  int previous = -1;
  for (int pass = 0; pass < 4; pass++) {
    static char *aliases[MAX_ALIASES];
    int n = collect_aliases(aliases, MAX_ALIASES);
    if (n == previous) break;
    previous = n;
    char *argv[MAX_ALIASES + 5] = {MODPROBE, "-a", "-b", "-q"};
    for (int i = 0; i < n; i++) argv[4 + i] = aliases[i];
    argv[4 + n] = NULL;
    run(argv);
    for (int i = 0; i < n; i++) free(aliases[i]);
  }
}

static void forget_child(pid_t pid) {
  if (pid == loader) loader = 0;
  if (pid == fault_port_pid) fault_port_pid = 0;
}

static pid_t start_agent(void) {
  pid_t pid = fork();
  if (pid > 0) {
    char text[32];
    int fd = open(AGENT_PID_FILE, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);
    if (fd >= 0) {
      int n = snprintf(text, sizeof text, "%d\n", pid);
      if (write(fd, text, n) < 0) say("writing %s: %s", AGENT_PID_FILE, strerror(errno));
      close(fd);
    }
  }
  if (pid != 0) return pid;
  setsid();
  sigset_t all;
  sigemptyset(&all);
  sigprocmask(SIG_SETMASK, &all, NULL);
  char *const argv[] = {"node", AGENT, "machined", "--platform", "metal", "--state-dir", "/", NULL};
  char *const envp[] = {"PATH=/usr/bin:/usr/sbin", "HOME=/var/lib/talos-ts", "LANG=C.UTF-8", NULL};
  execve(NODE, argv, envp);
  say("exec %s: %s", NODE, strerror(errno));
  _exit(127);
}

// Sends sig to every process but init and the children it keeps (kernel threads ignore it); how many.
static int signal_others(int sig) {
  DIR *proc = opendir("/proc");
  if (!proc) return 0;
  int n = 0;
  struct dirent *e;
  while ((e = readdir(proc))) {
    char *end;
    long pid = strtol(e->d_name, &end, 10);
    if (*end || pid <= 1 || pid == loader || pid == fault_port_pid) continue;
    char path[64], buf[1];
    snprintf(path, sizeof path, "/proc/%ld/cmdline", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ssize_t len = read(fd, buf, 1);
    close(fd);
    if (len <= 0) continue; // a kernel thread, or a zombie
    if (kill((pid_t)pid, sig) == 0) n++;
  }
  closedir(proc);
  return n;
}

static void reap_some(void) {
  pid_t pid;
  while ((pid = waitpid(-1, NULL, WNOHANG)) > 0) forget_child(pid);
}

// What the agent left running (etcd, containerd, its shims and containers): SIGTERM, then SIGKILL.
static void stop_leftovers(void) {
  if (signal_others(SIGTERM) == 0) return;
  for (int i = 0; i < 50; i++) {
    usleep(100000);
    reap_some();
    if (signal_others(0) == 0) return;
  }
  int n = signal_others(SIGKILL);
  say("killed %d processes the agent left", n);
  for (int i = 0; i < 20 && signal_others(0) > 0; i++) {
    usleep(50000);
    reap_some();
  }
  reap_some();
}

// Reads the mount ids and mount points of /proc/self/mountinfo, in its order; how many.
static int read_mounts(int ids[], char *points[], int max) {
  FILE *f = fopen("/proc/self/mountinfo", "re");
  if (!f) return 0;
  int n = 0;
  char line[4096];
  while (n < max && fgets(line, sizeof line, f)) {
    int id;
    char point[2048];
    if (sscanf(line, "%d %*d %*s %*s %2047s", &id, point) != 2) continue;
    ids[n] = id;
    if (points) {
      // octal escapes (\040 for a space) as the kernel writes them
      char *out = point;
      for (char *in = point; *in; in++) {
        if (in[0] == '\\' && in[1] >= '0' && in[1] <= '3' && in[2] && in[3]) {
          *out++ = (char)((in[1] - '0') * 64 + (in[2] - '0') * 8 + (in[3] - '0'));
          in += 3;
        } else {
          *out++ = *in;
        }
      }
      *out = 0;
      points[n] = strdup(point);
    }
    n++;
  }
  fclose(f);
  return n;
}

// Unmounts (lazily, the newest first) everything mounted since init's own mounts: STATE and
// EPHEMERAL, containerd's mounts. The new agent mounts what it needs again.
static void unmount_agent_mounts(void) {
  static int ids[MAX_MOUNTS];
  static char *points[MAX_MOUNTS];
  for (int pass = 0; pass < 4; pass++) {
    int n = read_mounts(ids, points, MAX_MOUNTS), done = 0;
    for (int i = n - 1; i >= 0; i--) {
      int base = 0;
      for (int j = 0; j < n_base_mounts && !base; j++) base = ids[i] == base_mounts[j];
      if (!base && umount2(points[i], MNT_DETACH) == 0) done++;
    }
    for (int i = 0; i < n; i++) free(points[i]);
    if (done == 0) break;
    say("unmounted %d file systems the agent mounted", done);
  }
}

// The value of `key` (e.g. "talos-ts.fault-port=") on the kernel command line, or NULL.
static char *cmdline_value(const char *key) {
  static char cmdline[4096];
  int fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  ssize_t n = read(fd, cmdline, sizeof cmdline - 1);
  close(fd);
  if (n <= 0) return NULL;
  cmdline[n] = 0;
  for (char *tok = strtok(cmdline, " \n"); tok; tok = strtok(NULL, " \n"))
    if (strncmp(tok, key, strlen(key)) == 0) return tok + strlen(key);
  return NULL;
}

// Tests only (see the top): listens on /dev/<tty> for `kill-agent`. The tty name is letters and
// digits only; the child answers on the same port.
static pid_t start_fault_port(const char *tty) {
  for (const char *c = tty; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')) || c - tty > 16) {
      say("ignoring %s: not a tty name", FAULT_PORT_PARAM);
      return 0;
    }
  pid_t pid = fork();
  if (pid != 0) return pid > 0 ? pid : 0;
  char dev[64];
  snprintf(dev, sizeof dev, "/dev/%s", tty);
  int fd = open(dev, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    say("fault port %s: %s", dev, strerror(errno));
    _exit(1);
  }
  struct termios t;
  if (tcgetattr(fd, &t) == 0) {
    t.c_lflag = ICANON; // lines, no echo, no signals
    t.c_iflag = ICRNL;
    t.c_oflag = OPOST | ONLCR;
    tcsetattr(fd, TCSANOW, &t);
  }
  say("fault injection listening on %s (talos-ts.fault-port)", dev);
  char line[128];
  for (;;) {
    ssize_t n = read(fd, line, sizeof line - 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      sleep(1);
      continue;
    }
    line[n] = 0;
    if (strncmp(line, "kill-agent", 10) != 0) {
      dprintf(fd, "unknown command\n");
      continue;
    }
    char text[32] = {0};
    int pf = open(AGENT_PID_FILE, O_RDONLY | O_CLOEXEC);
    ssize_t len = pf >= 0 ? read(pf, text, sizeof text - 1) : -1;
    if (pf >= 0) close(pf);
    pid_t agent = len > 0 ? (pid_t)atoi(text) : 0;
    if (agent > 1 && kill(agent, SIGKILL) == 0) {
      say("fault injection: killed the agent (pid %d)", agent);
      dprintf(fd, "killed %d\n", agent);
    } else {
      dprintf(fd, "no agent\n");
    }
  }
}

static void finish(int how) {
  say("stopping every process");
  kill(-1, SIGTERM);
  // Every process left is a child of init by now (orphans are re-parented here).
  for (int i = 0; i < 50; i++) {
    pid_t pid;
    while ((pid = waitpid(-1, NULL, WNOHANG)) > 0) {
    }
    if (pid < 0 && errno == ECHILD) break;
    usleep(100000);
  }
  kill(-1, SIGKILL);
  while (waitpid(-1, NULL, WNOHANG) > 0) {
  }
  sync();
  say(how == RB_POWER_OFF ? "powering off" : "rebooting");
  reboot(how);
  for (;;) pause();
}

int main(void) {
  if (getpid() != 1) {
    fprintf(stderr, "init: must run as PID 1\n");
    return 1;
  }
  umask(022);
  mounts();
  reboot(RB_DISABLE_CAD);
  write_file("/proc/sys/kernel/modprobe", MODPROBE "\n");
  // Everything the agent writes lives on the tmpfs mounts; the image itself is read-only.
  if (mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY, NULL) != 0)
    say("remounting / read-only: %s", strerror(errno));
  // The drivers load beside the agent's start: Node's own start-up needs none of them, and the
  // agent waits for DRIVERS_LOADING to go before it looks at links and disks.
  say("loading drivers");
  int marker = open(DRIVERS_LOADING, O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
  if (marker >= 0) close(marker);
  loader = fork();
  if (loader <= 0) {
    coldplug();
    unlink(DRIVERS_LOADING);
    say("drivers loaded");
    if (loader == 0) _exit(0);
  }
  n_base_mounts = read_mounts(base_mounts, NULL, MAX_MOUNTS);
  const char *port = cmdline_value(FAULT_PORT_PARAM);
  if (port) fault_port_pid = start_fault_port(port);
  say("starting the agent");
  pid_t agent = start_agent();
  time_t restarts[MAX_RESTARTS] = {0};
  int n_restarts = 0;
  for (;;) {
    int st;
    pid_t pid = waitpid(-1, &st, 0);
    if (pid < 0) {
      if (errno == EINTR) continue;
      say("waitpid: %s", strerror(errno));
      sleep(1);
      continue;
    }
    forget_child(pid);
    if (pid != agent) continue;
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0) finish(RB_POWER_OFF);
    if (WIFEXITED(st) && WEXITSTATUS(st) == EXIT_REBOOT) finish(RB_AUTOBOOT);
    if (WIFEXITED(st))
      say("the agent exited with status %d", WEXITSTATUS(st));
    else
      say("the agent was killed by signal %d", WTERMSIG(st));
    struct timespec now;
    clock_gettime(CLOCK_BOOTTIME, &now);
    // the oldest of the last MAX_RESTARTS restarts within the window: too many, reboot
    if (n_restarts == MAX_RESTARTS && now.tv_sec - restarts[0] < RESTART_WINDOW) {
      say("%d restarts within %d seconds; rebooting in 10 seconds", MAX_RESTARTS, RESTART_WINDOW);
      sleep(10);
      finish(RB_AUTOBOOT);
    }
    if (n_restarts == MAX_RESTARTS) {
      memmove(restarts, restarts + 1, sizeof restarts[0] * (MAX_RESTARTS - 1));
      n_restarts--;
    }
    restarts[n_restarts++] = now.tv_sec;
    stop_leftovers();
    unmount_agent_mounts();
    sleep(n_restarts); // 1 s, then longer while it keeps failing
    say("starting the agent again (restart %d)", n_restarts);
    agent = start_agent();
  }
}
