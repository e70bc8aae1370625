// Dispatch of requests to a tier's servers and the cores they wait for (exact FCFS, no mailboxes).
//
// Which dispatch is which queueing model, for a tier of c servers of one core each, Poisson arrivals
// and exponential work:
//  - shared_queue: one FIFO per tier, served by whichever core frees first = M/M/c (Erlang C);
//  - round_robin: each server has its own FIFO and gets every c-th request = c separate queues, each
//    fed by an Erlang-c renewal stream (E_c/M/1), better than c M/M/1 queues but worse than M/M/c;
//  - least_outstanding: join the server with the fewest requests in flight (join-shortest-queue),
//    close to but not equal to M/M/c.
// A server with k cores runs up to k requests at once (its other requests wait in its FIFO).
// With its own FIFO, a server is chosen when the request leaves its caller and the request queues on
// arrival; with a shared queue, the request waits at its caller (the LB) and is sent once a core frees.
// Queue limits: a server's FIFO holds at most its role's queue_limit waiting requests; a shared queue
// holds queue_limit per accepting server. A request arriving at a full queue is dropped.
// Faults: a server whose CPU crashes or is cut off fails (fail_server): it leaves the tier at once, its
// waiting requests (and a shared queue's, if it was the tier's last server) are woken with Fault, and
// the requests it was serving find out through SimGrid (their exec or transfer fails) and call
// release_core/leave_server as usual (no-ops on its counts).
// Flow fidelity: the server changes (add, stop accepting, drain, fail) are the same, wrapped in a
// FlowChange that accounts and re-solves the tier's fluid (flow_dataplane.hpp); the request calls are unused.
#pragma once

#include "sim/engine/world.hpp"

namespace vsf::sim {

enum class Outcome { Ok, Dropped, TimedOut, Fault };  // Fault: lost to a failed server, link or array

// shared_queue: obtains a core of whichever server frees one first (FCFS in the tier's queue), waiting
// until `deadline` at most; the request is then sent to that server. Ok: `out` holds a core and counts
// the request in its outstanding; the caller must call release_core() then leave_server().
Outcome acquire_shared(World& w, VsfRuntime& v, TierRuntime& t, double deadline, Server*& out);
// round_robin / least_outstanding: the server the request is sent to (counted in its outstanding until
// leave_server()), or nullptr when no server accepts requests.
Server* pick_server(TierRuntime& t);
// On arrival at server s: one of its cores, waiting (FCFS in its queue) until `deadline` at most;
// Dropped if its queue is full. Ok: the caller must call release_core(). In every case the caller
// calls leave_server() when done.
Outcome take_core(World& w, VsfRuntime& v, TierRuntime& t, Server& s, double deadline);
// The request's work on the server is done: its core goes to the next waiter, if any.
void release_core(World& w, VsfRuntime& v, TierRuntime& t, Server& s);
// The request no longer needs the server (its response is sent): a draining server may finish.
void leave_server(Server& s);

// A server starts serving (its idle cores take waiting requests of a shared queue at once).
void add_server(VsfRuntime& v, TierRuntime& t, Server& s);
// A server stops accepting requests (new requests go elsewhere; the ones it has are served). Idempotent.
void stop_accepting(TierRuntime& t, Server& s);
// A server stops accepting requests; returns once every request dispatched to it has left (at once if
// it has failed or fails meanwhile).
void drain_server(VsfRuntime& v, TierRuntime& t, Server& s);
// The server's CPU is gone (fault): out of the tier, capacity and busy cores dropped, its waiters woken
// with Fault, a drain of it finished. Idempotent.
void fail_server(VsfRuntime& v, TierRuntime& t, Server& s);

}  // namespace vsf::sim
