// /checkouts routes: parse with the project's own request schemas, apply checkout-flow, render.
import {
  CheckoutApproveRequestSchema,
  CheckoutConfirmRequestSchema,
  CheckoutCreateRequestSchema,
  CheckoutQuoteRequestSchema,
} from '../../shared/providers/cartpilot/schemas';
import { approveCheckout, confirmCheckout, createCheckout, getCheckout, quoteCheckout, requestApproval } from './checkout-flow';
import { json, parseBody, type Route } from './http';
import { checkoutWire, type FakeStore } from './store';

const ID = '(?<checkout_id>[^/]+)';
const path = (suffix = '') => new RegExp(`^/checkouts/${ID}${suffix}$`);

export function checkoutRoutes(store: FakeStore): Route[] {
  return [
    {
      method: 'POST',
      pattern: /^\/checkouts$/,
      handle: (req) => json(201, checkoutWire(createCheckout(store, parseBody(req, CheckoutCreateRequestSchema)))),
    },
    {
      method: 'GET',
      pattern: path(),
      handle: (req) => json(200, checkoutWire(getCheckout(store, req.params.checkout_id!))),
    },
    {
      method: 'POST',
      pattern: path('/quote'),
      handle: (req) => {
        const body = parseBody(req, CheckoutQuoteRequestSchema);
        const c = getCheckout(store, req.params.checkout_id!);
        quoteCheckout(store, c, body.items, body.customer_email ?? null);
        return json(200, checkoutWire(c));
      },
    },
    {
      // No request body: anything sent is ignored, as FastAPI does for an endpoint without one.
      method: 'POST',
      pattern: path('/request-approval'),
      handle: (req) => {
        const c = getCheckout(store, req.params.checkout_id!);
        requestApproval(store, c);
        return json(200, checkoutWire(c));
      },
    },
    {
      method: 'POST',
      pattern: path('/approve'),
      handle: (req) => {
        const body = parseBody(req, CheckoutApproveRequestSchema);
        const c = getCheckout(store, req.params.checkout_id!);
        approveCheckout(store, c, body.approved_by);
        return json(200, checkoutWire(c));
      },
    },
    {
      method: 'POST',
      pattern: path('/confirm'),
      handle: (req) => {
        parseBody(req, CheckoutConfirmRequestSchema);
        return json(200, confirmCheckout(store, getCheckout(store, req.params.checkout_id!)));
      },
    },
  ];
}
