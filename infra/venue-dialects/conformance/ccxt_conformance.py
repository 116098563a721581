"""Drives a dialect server with ccxt, an exchange client written apart from this project.

Every call the product depends on goes through ccxt's own request building, signing and parsing:
positions, the balance of each wallet involved, a transfer into the margin wallet (and, where the
product sweeps with it, back out), an isolated margin add (and reduce), the transfer history and the
one-minute candles; on Hyperliquid, ccxt's own signatures of the spot ⇄ perp transfer each way and its
candle request. A call passes when the server accepts it and ccxt parses its answer into the fields a
trader would read; anything else is a divergence between the dialect server and the venue it stands for.

Usage (credentials come from the environment, never from the command line):
    CONFORMANCE_API_KEY=... CONFORMANCE_SECRET=... [CONFORMANCE_PASSPHRASE=...] \\
        python ccxt_conformance.py --venue binance-usdm --base-url http://127.0.0.1:PORT \\
        --positions BTC/USDT:USDT ETH/USDT:USDT --liquidation-priced BTC/USDT:USDT ETH/USDT:USDT \\
        --isolated-symbol ETH/USDT:USDT

Prints one line per call ("ok NAME", or "FAIL NAME: what went wrong") and exits 1 when any call failed.
"""

import argparse
import os
import re
import sys
import time

import ccxt

ASSET = 'USDT'
AMOUNT = 5


def pointed_at(api, base_url):
    """ccxt's API URL table with every host replaced by the dialect server's."""
    if isinstance(api, dict):
        return {name: pointed_at(url, base_url) for name, url in api.items()}
    return re.sub(r'^https?://[^/]+', base_url, api)


def positive(value):
    return value is not None and value > 0


class Conformance:

    def __init__(self, exchange):
        self.exchange = exchange
        self.failures = 0

    def check(self, name, call, verdict):
        """Runs one call; verdict returns a list of what ccxt could not read (empty when parsed)."""
        try:
            result = call()
        except Exception as error:  # any refusal or parse error is the finding
            self.failures += 1
            print(f'FAIL {name}: {type(error).__name__}: {str(error)[:400]}')
            return None
        problems = verdict(result)
        if problems:
            self.failures += 1
            print(f'FAIL {name}: parsed without {", ".join(problems)}')
        else:
            print(f'ok {name}')
        return result


def positions_verdict(wanted_symbols, liquidation_priced):
    def verdict(positions):
        problems = []
        seen = {p.get('symbol') for p in positions}
        problems += [f'a position in {s}' for s in wanted_symbols if s not in seen]
        for p in positions:
            fields = ['contracts', 'markPrice', 'entryPrice', 'notional', 'initialMargin', 'maintenanceMargin',
                      'collateral']
            if p.get('symbol') in liquidation_priced:
                fields.append('liquidationPrice')
            for field in fields:
                if not positive(p.get(field)):
                    problems.append(f'{p.get("symbol")} {field}')
            if p.get('side') not in ('long', 'short'):
                problems.append(f'{p.get("symbol")} side')
            if p.get('lastUpdateTimestamp') is None and p.get('timestamp') is None:
                problems.append(f'{p.get("symbol")} update time')
        return problems
    return verdict


def balance_verdict(balance, in_use=False):
    """in_use: the wallet holds cross margin for open positions, so some of it must read as used."""
    account = balance.get(ASSET) or {}
    problems = [f'{ASSET} {field}' for field in ('free', 'used', 'total') if account.get(field) is None]
    if not problems and account['free'] > account['total']:
        problems.append(f'{ASSET} free within total ({account["free"]} > {account["total"]})')
    if not problems and in_use and not account['used'] > 0:
        problems.append(f'{ASSET} margin in use by the open cross positions (used is {account["used"]})')
    return problems


def margin_balance_verdict(args):
    return lambda balance: balance_verdict(balance, args.cross_margin_in_use)


def transfer_verdict(transfer):
    return [] if transfer.get('id') else ['a transfer id']


def history_verdict(transfer_id, timestamped=True):
    """timestamped False where the venue's record has no time (OKX's transfer-state): its state must then read ok."""
    def verdict(transfers):
        matching = [t for t in transfers if t.get('id') == transfer_id or t.get('info', {}).get('transId') == transfer_id]
        if not matching and transfers:
            matching = [t for t in transfers if t.get('amount') == AMOUNT]
        if not matching:
            return [f'the transfer {transfer_id} of {AMOUNT} {ASSET}']
        row = matching[0]
        problems = [field for field in ('timestamp' if timestamped else 'status', 'currency', 'amount')
                    if row.get(field) is None]
        if not timestamped and row.get('status') not in (None, 'ok'):
            problems.append(f'status ok (was {row.get("status")})')
        if row.get('amount') not in (None, AMOUNT):
            problems.append(f'amount {AMOUNT} (was {row.get("amount")})')
        return problems
    return verdict


def margin_change_verdict(symbol):
    def verdict(added):
        problems = []
        if added.get('symbol') != symbol:
            problems.append(f'symbol {symbol} (was {added.get("symbol")})')
        if added.get('amount') != AMOUNT:
            problems.append(f'amount {AMOUNT} (was {added.get("amount")})')
        return problems
    return verdict


def candles_verdict(candles):
    if not candles:
        return ['a candle']
    problems = []
    for timestamp, open_, high, low, close, _ in candles:
        if timestamp is None or None in (open_, high, low, close) or not low <= min(open_, close) <= max(open_, close) <= high:
            problems.append(f'a consistent candle at {timestamp}')
    return problems


def binance(args, credentials):
    exchange = ccxt.binance(dict(credentials, options={
        'defaultType': 'swap', 'fetchMarkets': {'types': ['linear']}}))
    return exchange, [
        ('fetch_balance swap', lambda: exchange.fetch_balance({'type': 'swap'}), margin_balance_verdict(args)),
        ('fetch_balance funding', lambda: exchange.fetch_balance({'type': 'funding'}), balance_verdict),
        ('fetch_balance spot', lambda: exchange.fetch_balance({'type': 'spot'}), balance_verdict),
    ], [
        ('transfer funding → linear', lambda: exchange.transfer(ASSET, AMOUNT, 'funding', 'linear'),
         lambda transfer_id: ('fetch_transfers funding → linear', lambda: exchange.fetch_transfers(
             ASSET, None, None, {'fromAccount': 'funding', 'toAccount': 'linear'}))),
        ('transfer spot → linear', lambda: exchange.transfer(ASSET, AMOUNT, 'spot', 'linear'),
         lambda transfer_id: ('fetch_transfers spot → linear', lambda: exchange.fetch_transfers(
             ASSET, None, None, {'fromAccount': 'spot', 'toAccount': 'linear'}))),
    ], [('add_margin (isolated)', lambda: exchange.add_margin(args.isolated_symbol, AMOUNT))]


def bybit(args, credentials):
    exchange = ccxt.bybit(dict(credentials, options={'fetchMarkets': {'types': ['linear']}}))

    def add_margin():
        # ccxt 4.5.90 has no unified add_margin for Bybit; its implicit method signs Bybit's own call.
        market = exchange.market(args.isolated_symbol)
        answer = exchange.private_post_v5_position_add_margin({
            'category': 'linear', 'symbol': market['id'], 'margin': str(AMOUNT), 'positionIdx': 0})
        position = exchange.parse_position(answer['result'], market)
        return {'symbol': position['symbol'], 'amount': AMOUNT if positive(position.get('initialMargin')) else None}

    return exchange, [
        ('fetch_balance unified', lambda: exchange.fetch_balance({'type': 'unified'}), margin_balance_verdict(args)),
        ('fetch_balance funding', lambda: exchange.fetch_balance({'type': 'funding'}), balance_verdict),
    ], [
        ('transfer funding → unified', lambda: exchange.transfer(ASSET, AMOUNT, 'funding', 'unified'),
         lambda transfer_id: ('fetch_transfers', lambda: exchange.fetch_transfers(ASSET))),
    ], [('add_margin (isolated)', add_margin)]


def okx(args, credentials):
    exchange = ccxt.okx(dict(credentials, options={'fetchMarkets': {'types': ['swap']}}))

    def margin_balance(kind):
        # ccxt 4.5.90's okx.add_margin and reduce_margin send the request and then fail in its own
        # parser (parse_margin_modification indexes the type string); the same request, sent through
        # its implicit method, is parsed here with ccxt's market lookup.
        market = exchange.market(args.isolated_symbol)
        answer = exchange.private_post_account_position_margin_balance({
            'instId': market['id'], 'amt': AMOUNT, 'type': kind, 'posSide': 'net'})
        row = exchange.safe_dict(exchange.safe_list(answer, 'data', []), 0, {})
        return {'symbol': exchange.safe_market(exchange.safe_string(row, 'instId'), market)['symbol'],
                'amount': exchange.safe_number(row, 'amt')}

    return exchange, [
        ('fetch_balance trading', lambda: exchange.fetch_balance({'type': 'trading'}), margin_balance_verdict(args)),
        ('fetch_balance funding', lambda: exchange.fetch_balance({'type': 'funding'}), balance_verdict),
    ], [
        ('transfer funding → trading', lambda: exchange.transfer(ASSET, AMOUNT, 'funding', 'trading'),
         lambda transfer_id: ('fetch_transfer by id', lambda: [exchange.fetch_transfer(transfer_id, ASSET)], False)),
        ('transfer trading → funding', lambda: exchange.transfer(ASSET, AMOUNT, 'trading', 'funding'),
         lambda transfer_id: ('fetch_transfers (bills)', lambda: exchange.fetch_transfers(ASSET))),
    ], [('add_margin (isolated)', lambda: margin_balance('add')),
        ('reduce margin (isolated, a sweep)', lambda: margin_balance('reduce'))]


VENUES = {'binance-usdm': binance, 'bybit-v5': bybit, 'okx-v5': okx}


def hyperliquid(args, credentials):
    """Hyperliquid: ccxt signs the spot → perp class transfer of a top-up and the perp → spot one of a
    sweep on its own (user-signed EIP-712), and the dialect server must recover the account as signer;
    then ccxt reads one-minute candles of the --candles coin with its own candleSnapshot request. The
    dialect serves no market list (metaAndAssetCtxs, which the product never reads), so ccxt is given
    the one perp market as it would have parsed it: the coin is all its candle request takes from it."""
    exchange = ccxt.hyperliquid({'walletAddress': credentials['apiKey'], 'privateKey': credentials['secret']})
    exchange.urls['api'] = pointed_at(exchange.urls['api'], args.base_url.rstrip('/'))
    exchange.markets = {}
    if args.candles:
        coin = args.candles.split('/')[0]
        exchange.set_markets([{'id': '0', 'symbol': args.candles, 'base': coin, 'quote': 'USDC', 'settle': 'USDC',
                               'baseId': 0, 'baseName': coin, 'type': 'swap', 'swap': True, 'spot': False,
                               'contract': True, 'linear': True, 'active': True}])
    run = Conformance(exchange)
    print(f'ccxt {ccxt.__version__} against the hyperliquid dialect at {args.base_url}')

    def status_ok(transfer):
        return [] if transfer.get('info', {}).get('status') == 'ok' else [f'status ok (was {transfer.get("info")})']

    run.check('transfer spot → swap', lambda: exchange.transfer('USDC', AMOUNT, 'spot', 'swap'), status_ok)
    run.check('transfer swap → spot (a sweep)', lambda: exchange.transfer('USDC', AMOUNT, 'swap', 'spot'), status_ok)
    if args.candles:
        run.check('fetch_ohlcv 1m', lambda: exchange.fetch_ohlcv(args.candles, '1m', limit=5), candles_verdict)
    print(f'{run.failures} of the calls above failed' if run.failures else 'every call was accepted and parsed')
    return 1 if run.failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--venue', required=True, choices=sorted([*VENUES, 'hyperliquid']))
    parser.add_argument('--base-url', required=True)
    parser.add_argument('--positions', nargs='+', default=[], help='symbols with an open position')
    parser.add_argument('--liquidation-priced', nargs='*', default=[],
                        help='symbols whose position the venue gives a liquidation price')
    parser.add_argument('--isolated-symbol', help='a symbol with an open isolated position, to add margin to')
    parser.add_argument('--candles', help='hyperliquid: a perp (COIN/USDC:USDC) whose one-minute candles to read')
    parser.add_argument('--cross-margin-in-use', action='store_true',
                        help='the account has open cross positions: its margin wallet must show margin in use')
    args = parser.parse_args()
    credentials = {'apiKey': os.environ['CONFORMANCE_API_KEY'], 'secret': os.environ['CONFORMANCE_SECRET']}
    if os.environ.get('CONFORMANCE_PASSPHRASE'):
        credentials['password'] = os.environ['CONFORMANCE_PASSPHRASE']
    if args.venue == 'hyperliquid':
        return hyperliquid(args, credentials)
    if not args.positions:
        parser.error('--positions is required for ' + args.venue)
    exchange, balances, transfers, margin_changes = VENUES[args.venue](args, credentials)
    # Currencies (deposit networks, withdrawal fees) are not part of any dialect: nothing here withdraws.
    exchange.has['fetchCurrencies'] = False
    exchange.urls['api'] = pointed_at(exchange.urls['api'], args.base_url.rstrip('/'))
    run = Conformance(exchange)
    print(f'ccxt {ccxt.__version__} against the {args.venue} dialect at {args.base_url}')

    if run.check('load_markets', exchange.load_markets,
                 lambda markets: [s for s in args.positions if s not in markets]) is None:
        return 1
    run.check('fetch_positions', lambda: exchange.fetch_positions(
        None, {'settleCoin': ASSET} if args.venue == 'bybit-v5' else {}),
        positions_verdict(args.positions, args.liquidation_priced))
    for name, call, verdict in balances:
        run.check(name, call, verdict)
    for name, call, history in transfers:
        sent = run.check(name, call, transfer_verdict)
        if sent is not None:
            time.sleep(0.01)  # the history is read after the transfer's own millisecond
            history_name, history_call, *timestamped = history(sent.get('id'))
            run.check(history_name, history_call, history_verdict(sent.get('id'), *timestamped))
    if args.isolated_symbol:
        for name, call in margin_changes:
            run.check(name, call, margin_change_verdict(args.isolated_symbol))
    run.check('fetch_ohlcv 1m', lambda: exchange.fetch_ohlcv(args.positions[0], '1m', limit=5), candles_verdict)
    print(f'{run.failures} of the calls above failed' if run.failures else 'every call was accepted and parsed')
    return 1 if run.failures else 0


if __name__ == '__main__':
    sys.exit(main())
