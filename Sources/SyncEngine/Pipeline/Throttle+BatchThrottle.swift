/// The token bucket is the pipeline's batch throttle.
extension Throttle: BatchThrottle {}
