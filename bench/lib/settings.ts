/** What `npm run bench` was asked for (bench/run.ts reads the flags). */
export interface BenchSettings {
  /** Seconds each measured run lasts. */
  seconds: number;
  /** Product and baseline runs, alternated. */
  rounds: number;
  /** The product server's port on 127.0.0.1. */
  port: number;
  /** A second product instance's port, for the scaled-out runs (PostgreSQL and Redis). */
  secondPort: number;
}
