/**
 * JDBC plumbing shared by the JDBC-based connectors: placeholders, binding, row normalisation and SQLSTATE mapping.
 * No driver is referenced; connectors bring theirs.
 */
package dev.procrastinate.jdbc;
