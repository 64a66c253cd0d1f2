// OpenMPI as a ShopSense Communicator: `mpirun -np N shopsense train --model ials ...` runs
// N ranks over MPI_COMM_WORLD, and the models' sharded fits (iALS, item-kNN, the deep
// models) exchange their blocks through it. Only this layer includes <mpi.h>.
#pragma once
#include <memory>

#include "core/collective.h"

namespace ss::dist {

// True when this process was started by mpirun / mpiexec (OpenMPI or PMI environment).
bool launched_by_mpirun();

// Initialises MPI (once per process) and returns MPI_COMM_WORLD as a Communicator. MPI is
// finalised when the last one is destroyed; a process cannot initialise it again after that.
std::unique_ptr<Communicator> mpi_world();

}  // namespace ss::dist
