/* kg-time: being written */
