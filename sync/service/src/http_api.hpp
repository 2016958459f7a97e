#pragma once
// The HTTP face of the service (protocol §1): one table of routes, each handler wrapped so that
// anything a client sends ends in a 2xx or a 4xx with {"error":{"code","message"}}.

#include <string>
#include <vector>

namespace httplib {
class Server;
}

namespace tp::service {

struct ServiceContext;

// Registers every route, the error handler and the payload limit on `server`.
// `ctx` must outlive the server.
void register_routes(httplib::Server& server, ServiceContext& ctx);

// "METHOD /path" of every route, in the order of the protocol document.
std::vector<std::string> route_list();

}  // namespace tp::service
