// The router's Endpoint is always a route endpoint, never ASP.NET's routing endpoint.
global using Endpoint = RouteRegistry.Endpoint;
