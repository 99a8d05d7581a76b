/* kg-dyad: being written */
