/**
 * The service's configuration ({@code churnwatch.ingest.*}, the start-up tenant) and its clock. Depends on nothing else
 * in the service.
 */
package io.churnwatch.ingest.config;
