// The SimGrid log categories of the sim layer above the files' own: `vsf` for all of vsfsim, and one
// per wing of src/sim/. Every .cpp file of a wing has its own category under the wing's, so
// `--log vsf_dataplane.thres:verbose` shows a whole concern and `--log vsf_dispatch.thres:verbose` one file:
//
//   vsf                   all of vsfsim
//     vsf_engine          sim/engine/: vsf_run_simulation, vsf_engine_config, vsf_platform, vsf_world
//     vsf_dataplane       sim/dataplane/: vsf_requests, vsf_dispatch
//     vsf_lifecycle       sim/lifecycle/: vsf_cpu_lifecycle, vsf_lifecycle_steps, vsf_rollout
//     vsf_faults          sim/faults/: vsf_fault_dataplane, vsf_fault_injector
//     vsf_control         sim/managers/: vsf_cp_runtime, vsf_cp_lan, vsf_cp_slave, vsf_cp_messages,
//                         vsf_cp_election, vsf_cp_master, vsf_cp_placement, vsf_cp_arbitration, vsf_cp_farm,
//                         vsf_cp_allocation, vsf_cp_admin, vsf_cp_faults
//
// Messages are XBT_VERB (shown at thres:verbose and thres:debug): a release build (NDEBUG) compiles
// XBT_DEBUG and XBT_TRACE out, so they would never show in vsfsim as shipped.
#include <xbt/log.h>

XBT_LOG_NEW_CATEGORY(vsf, "vsfsim");
XBT_LOG_NEW_SUBCATEGORY(vsf_engine, vsf, "vsfsim engine: set-up, platform, runtime state, end of the run");
XBT_LOG_NEW_SUBCATEGORY(vsf_dataplane, vsf, "vsfsim data plane: traffic, requests and their dispatch");
XBT_LOG_NEW_SUBCATEGORY(vsf_lifecycle, vsf, "vsfsim CPU lifecycles: join, release, eviction, reboot, rollouts");
XBT_LOG_NEW_SUBCATEGORY(vsf_faults, vsf, "vsfsim faults: the injector, cuts, storage failover, availability");
XBT_LOG_NEW_SUBCATEGORY(vsf_control, vsf, "vsfsim control plane: segment and farm managers, elections, control faults");
