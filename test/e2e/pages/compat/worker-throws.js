// A worker (classic or module) whose script throws at once, handled by nobody in the worker.
throw new TypeError('thrown in a worker');
