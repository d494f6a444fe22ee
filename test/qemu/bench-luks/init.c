// The LUKS2 benchmark's /init (bench only, never in the image): the image's kernel, modules, cryptsetup,
// mkfs.xfs and Node, and nothing of the agent's start. It mounts what the guest program needs, loads the
// disk and dm-crypt drivers, runs the guest program (bench/guest.cjs: our volume manager on one disk, the
// same cryptsetup, mkfs and mount commands run one after another on the other) and powers off.
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void run(char *const argv[]) {
  pid_t pid = fork();
  if (pid == 0) {
    execv(argv[0], argv); // the kernel's leftover name=value parameters (BENCH_ORDER) pass through
    _exit(127);
  }
  int st;
  waitpid(pid, &st, 0);
}

int main(void) {
  mount("proc", "/proc", "proc", 0, NULL);
  mount("sysfs", "/sys", "sysfs", 0, NULL);
  mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
  mount("tmp", "/tmp", "tmpfs", 0, NULL);
  mount("run", "/run", "tmpfs", 0, NULL);
  mount("var", "/var", "tmpfs", 0, NULL);
  mount("system", "/system", "tmpfs", 0, NULL);
  mkdir("/run/cryptsetup", 0700);
  setenv("PATH", "/usr/bin:/usr/sbin", 1);
  int fd = open("/dev/console", O_RDWR);
  if (fd >= 0) {
    dup2(fd, 1);
    dup2(fd, 2);
  }
  fprintf(stderr, "bench-luks: starting\n");
  run((char *const[]){"/usr/sbin/modprobe", "-a", "virtio_pci", "virtio_blk", "dm_crypt", "xts", "ecb",
                      "algif_skcipher", "xfs", NULL});
  run((char *const[]){"/usr/bin/node", "/bench/guest.cjs", NULL});
  fprintf(stderr, "bench-luks: done\n");
  sync();
  reboot(RB_POWER_OFF);
  return 0;
}
