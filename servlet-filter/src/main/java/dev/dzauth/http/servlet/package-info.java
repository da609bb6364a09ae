/**
 * Adapter SPI, servlet half: the {@code jakarta.servlet} binding of {@code dev.dzauth.http} that
 * every servlet-based adapter shares ({@code dev.dzauth.servlet} and the Spring Boot starter), so
 * headers are read, answers written ({@code dev.dzauth.http.servlet.ServletExchange}) and bodies
 * bounded ({@code dev.dzauth.http.servlet.AsyncBodyReader}) in one place. Not an application API:
 * it is meant to be exported only to dz-auth's own adapters.
 */
@NullMarked
package dev.dzauth.http.servlet;

import org.jspecify.annotations.NullMarked;
