/* The C baseline for `npm run bench`: the same libvirt calls the SDK makes, timed the same way.
 * usage: calls <uri> <domain-name> <iterations>
 * prints one JSON line: per-iteration medians (ns) of
 *   isAlive          virConnectIsAlive (a trivial call; the raw call rate)
 *   lookupInfoFree   virDomainLookupByName + virDomainGetInfo + virDomainFree */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double median(double *v, int n) {
  qsort(v, n, sizeof *v, cmp);
  return v[n / 2];
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: %s uri domain iterations\n", argv[0]);
    return 2;
  }
  const char *uri = argv[1], *name = argv[2];
  int n = atoi(argv[3]);
  virSetErrorFunc(NULL, (virErrorFunc)virResetError);
  virConnectPtr conn = virConnectOpen(uri);
  if (!conn) return 1;
  double *t = malloc(sizeof(double) * n);

  /* Samples are batches of 16 calls, so the clock's own cost stays out of sub-microsecond calls. */
  int batches = n / 16 > 0 ? n / 16 : 1;
  for (int i = 0; i < batches; i++) {
    double t0 = now_ns();
    for (int j = 0; j < 16; j++) virConnectIsAlive(conn);
    t[i] = (now_ns() - t0) / 16;
  }
  double alive = median(t, batches);

  for (int i = 0; i < n; i++) {
    double t0 = now_ns();
    virDomainPtr d = virDomainLookupByName(conn, name);
    virDomainInfo info;
    if (!d || virDomainGetInfo(d, &info) < 0) return 1;
    virDomainFree(d);
    t[i] = now_ns() - t0;
  }
  double lookup = median(t, n);
  printf("{\"isAliveNs\":%.1f,\"lookupInfoFreeNs\":%.1f}\n", alive, lookup);
  virConnectClose(conn);
  free(t);
  return 0;
}
