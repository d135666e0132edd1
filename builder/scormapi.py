"""The SCORM run-time API as each version names it, for the Python side: verify judges a
package's calls by these names, and the tests read scorm-again's call log with them. (The
player's own table is themes/default/static/scorm.js.)"""
from __future__ import annotations

NAMES = {
    "1.2": {"api": "API", "init": "LMSInitialize", "finish": "LMSFinish", "get": "LMSGetValue", "set": "LMSSetValue",
            "commit": "LMSCommit", "last_error": "LMSGetLastError", "other": "SCORM 2004"},
    "2004": {"api": "API_1484_11", "init": "Initialize", "finish": "Terminate", "get": "GetValue", "set": "SetValue",
             "commit": "Commit", "last_error": "GetLastError", "other": "SCORM 1.2"},
}
# The calls that only ask about the last error: they change nothing and are not judged.
ERROR_QUERIES = {"LMSGetLastError", "LMSGetErrorString", "LMSGetDiagnostic", "GetLastError", "GetErrorString",
                 "GetDiagnostic"}
SUSPEND_LIMIT = {"1.2": 4096, "2004": 64000}  # characters of cmi.(core.)suspend_data each version guarantees
