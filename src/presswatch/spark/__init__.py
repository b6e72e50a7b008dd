"""presswatch on Apache Spark: the same read → clean → extract, one Parquet dataset per fact kind.

`presswatch spark extract` and `job.py` (for spark-submit) run it; `load.read_parquet_articles`
reads the datasets back into `Article`s with pyarrow alone. Only `pipeline`, `sources`, `schema` and
`job` import pyspark, and `cli` imports them only when a Spark run is asked for, so the rest of
presswatch needs no Java.
"""
