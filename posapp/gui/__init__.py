"""The Qt front end of the counter: the only package that imports PySide6."""
