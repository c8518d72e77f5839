# The Python comparison of the read rows: two processes (this machine's cores), each with a connection of its own to
# the server's SQLite file, run the same page query again and again for a few seconds and fetch every column of every
# row, as the in-process JDBC ceiling does. Prints what was counted per second: rows, or the characters of the column
# named by `measure` (an index) when it is not "rows".
# usage: python3 - DATABASE SQL PARAMETERS_JSON MEASURE SECONDS   (the script on stdin)
import json
import multiprocessing
import sqlite3
import sys
import time


def read(database, sql, parameters, measure, end, counts):
    connection = sqlite3.connect("file:" + database + "?mode=ro", uri=True)
    connection.execute("PRAGMA busy_timeout = 10000")
    counted = 0
    while time.monotonic() < end:
        rows = connection.execute(sql, parameters).fetchall()
        if measure == "rows":
            counted += len(rows)
        else:
            column = int(measure)
            counted += sum(len(row[column]) for row in rows)
    counts.put(counted)


def main():
    database, sql, parameters, measure, seconds = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4], float(sys.argv[5])
    context = multiprocessing.get_context("fork")  # the script comes on stdin: nothing to import again
    counts = context.Queue()
    start = time.monotonic()
    end = start + seconds
    readers = [context.Process(target=read, args=(database, sql, parameters, measure, end, counts)) for _ in range(2)]
    for reader in readers:
        reader.start()
    total = sum(counts.get() for _ in readers)
    for reader in readers:
        reader.join()
    print(total / (time.monotonic() - start))


if __name__ == "__main__":
    main()
