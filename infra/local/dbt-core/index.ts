// dbt Core as the sandbox runs it inside a container (the ECS stand-in's dbt tasks): which images
// count as dbt Core, and one run of the container against the sandbox's PostgreSQL warehouse.
export { runDbtContainer, type DbtContainerInput, type DbtContainerResult, type ModelRows } from './container';
export { DBT_CORE_REPOSITORY, imageRepository, isDbtCoreImage } from './image';
