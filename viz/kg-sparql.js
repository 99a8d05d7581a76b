/* kg-sparql: being written */
