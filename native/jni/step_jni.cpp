// libcaffe-ref-jni.so: caffe-ref's timed step, callable from inside a JVM that already drives the
// solver through the bytedeco preset (org.dlp4j.bench.NativeStep, used by BridgeBench --interleave).
//
// It lets one process alternate the two ways of stepping the SAME caffe::Solver<float>: through the
// Java bridge (CaffeSolver.step(1), timed in Java) and through a direct C++ call (timed here with the
// same steady clock as caffe-ref train). Both halves then share the heap, the blobs' memory, the
// threads and the host's moment, which separate processes do not.
//
// The library is linked against libcaffe.so.1.0.0 by soname and must be loaded after the preset has
// loaded its libcaffe: the dynamic loader then binds it to that copy (one Caffe, one thread-local
// Caffe singleton and RNG). caffeLibrary() returns the path the loader bound, for the caller to check.
#include <dlfcn.h>
#include <jni.h>

#include <chrono>
#include <vector>

#include "caffe/caffe.hpp"
#include "loss.hpp"

namespace {

double now_ms() {
  using namespace std::chrono;
  return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace

extern "C" {

// NativeStep.step(long solverAddress, double[] out): one Solver<float>::Step(1) on the solver at that
// address; out[0] = its wall time in ms, out[1] = the loss after it (not timed).
JNIEXPORT void JNICALL Java_org_dlp4j_bench_NativeStep_step(JNIEnv* env, jclass, jlong address,
                                                            jdoubleArray out) {
  caffe::Solver<float>* solver = reinterpret_cast<caffe::Solver<float>*>(address);
  const double start = now_ms();
  solver->Step(1);
  const double ms = now_ms() - start;
  const jdouble values[2] = {ms, caffe_ref::weighted_loss(*solver->net())};
  env->SetDoubleArrayRegion(out, 0, 2, values);
}

// NativeStep.caffeLibrary(): the file of the libcaffe this library's calls go to.
JNIEXPORT jstring JNICALL Java_org_dlp4j_bench_NativeStep_caffeLibrary(JNIEnv* env, jclass) {
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&caffe::Caffe::Get), &info) == 0 || info.dli_fname == nullptr) {
    return env->NewStringUTF("");
  }
  return env->NewStringUTF(info.dli_fname);
}

}  // extern "C"
