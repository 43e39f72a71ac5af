// libtorch's random generator and thread count are process-wide: run test classes one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
