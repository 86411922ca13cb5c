"""Studies on a solved model: why-not, marginal values, sweeps. They re-solve a copy of the
model held in HiGHS, changing bounds in place instead of rebuilding it each time."""
