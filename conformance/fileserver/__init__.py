"""The harness's file server: the firmware a charge point downloads and the sink its diagnostics go to.

FTP (pyftpdlib) and HTTP on the address the SUT description gives, each in a thread of its own,
so a charge point's transfer goes on while the harness waits for its notifications. Every
request is recorded: a case judges what a charge point reports against what really reached
the server.
"""

from .layout import FAILED_UPLOAD, FIRMWARE, INVALID_FIRMWARE, MISSING_FIRMWARE, UPLOADS, is_valid_image
from .server import FileServer, ServerProblem, Transfer

__all__ = ["FAILED_UPLOAD", "FIRMWARE", "INVALID_FIRMWARE", "MISSING_FIRMWARE", "UPLOADS", "FileServer",
           "ServerProblem", "Transfer", "is_valid_image"]
