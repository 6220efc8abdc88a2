import sys

from companion.cli import main

# The guard matters: listening starts a child process that imports this module again.
if __name__ == "__main__":
    sys.exit(main())
