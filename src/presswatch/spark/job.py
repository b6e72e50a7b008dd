"""spark-submit entry point: `spark-submit [options] src/presswatch/spark/job.py INPUT OUTPUT`.

presswatch goes to the executors with `--py-files presswatch.zip` (see docs/scale.md); the master,
memory and the rest come from spark-submit's own options. Exit status 1 when some input failed.
"""

from __future__ import annotations

import argparse
import sys

from pyspark.sql import SparkSession

from presswatch.spark.pipeline import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="job.py", description="presswatch read → clean → extract on Spark, to Parquet.")
    parser.add_argument("input", help="file or folder (local path or hdfs://, s3a://, gs:// URL)")
    parser.add_argument("output", help="folder for articles/, directives/, … and failures/")
    parser.add_argument("--partitions", type=int, help="tasks to extract in (default: 4 per core)")
    parser.add_argument("--overwrite", action="store_true", help="replace existing tables")
    args = parser.parse_args(argv)
    spark = SparkSession.builder.appName("presswatch").getOrCreate()
    try:
        summary = run(spark, args.input, args.output, args.partitions, args.overwrite)
    finally:
        spark.stop()
    print(summary, file=sys.stderr)
    return 1 if summary.failures else 0


if __name__ == "__main__":
    sys.exit(main())
