// libtorch's random generator and thread count are process-wide, so tests that seed or train
// would disturb each other if xunit ran classes in parallel.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
