// Working-hours arithmetic for order reviews: when does a piece of work of a given length, started at a
// given time, end if people only work within the configured hours? Time 0 is a Monday 00:00.
#pragma once

#include "model/orders_spec.hpp"

namespace vsf::orders {

inline constexpr double kDay_s = 86400;

// The time at which `work_s` seconds of working time, begun (or queued) at `start_s`, are done. Work of
// 0 s ends at start_s, even outside working hours (nothing to wait for).
double finish_work(const WorkingHours& h, double start_s, double work_s);

}  // namespace vsf::orders
