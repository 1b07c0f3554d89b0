/** A file of a dbt project as Tapestry ships it (the shape the sandbox's dbt runner reads). */
export interface DbtModelFile {
  /** The model's name: the file name without `.sql`. */
  name: string;
  /** Path in the dbt project, e.g. `models/staging/stg_stripe_customers.sql`. */
  path: string;
  rawCode: string;
}
