"""`python -m nntui` runs the same command line as the `nntui` script."""

from nntui.entry import main

if __name__ == "__main__":
    main()
