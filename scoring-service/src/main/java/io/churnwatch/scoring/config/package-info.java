/**
 * The service's configuration ({@code churnwatch.scoring.*}) and its clock. Depends on nothing else in the service.
 */
package io.churnwatch.scoring.config;
