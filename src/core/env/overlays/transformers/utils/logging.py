# Stand-in for transformers.utils.logging (transformers 5.x): loggers whose methods do nothing.
# Does not: log, or read the verbosity environment variables.

class _Logger:
    def debug(self, *args, **kwargs):
        pass

    def info(self, *args, **kwargs):
        pass

    def warning(self, *args, **kwargs):
        pass

    def warn(self, *args, **kwargs):
        pass

    def error(self, *args, **kwargs):
        pass

    def warning_once(self, *args, **kwargs):
        pass

    def info_once(self, *args, **kwargs):
        pass

    def warning_advice(self, *args, **kwargs):
        pass


def get_logger(name=None):
    return _Logger()
