// The CLI writes to the process-wide Console and libtorch state is process-wide: run sequentially.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
