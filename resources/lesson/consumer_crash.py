"""A consumer that crashes on one item, handled.

Processing item 13 raises. The consumer catches the error, reports it, and
still calls evt.set() and q.task_done(), so the creator is released and
q.join() returns. Without the try/except the creator would wait forever.
"""

import sys
import threading
from queue import Queue


def creator(data, q):
    """Create data to be consumed and wait for the consumer to finish processing."""
    print('Creating data and putting it on the queue')
    for item in data:
        evt = threading.Event()
        q.put((item, evt))
        print('Waiting for data to be doubled')
        evt.wait()


def my_consumer(q):
    """Consume some data and work on it: here, all it does is double the input."""
    while True:
        job = q.get()
        if job is None:  # the sentinel: no more data will come
            q.task_done()
            break
        data, evt = job
        print('data found to be processed: {}'.format(data))
        try:
            if data == 13:
                raise RuntimeError('cannot process 13')
            processed = data * 2
            print(processed)
        except Exception as exc:
            print('error: {}'.format(exc), file=sys.stderr)  # errors go to stderr
        evt.set()  # release the creator, even after an error
        q.task_done()


if __name__ == '__main__':
    q = Queue()
    data = [5, 10, 13, -1]
    thread_one = threading.Thread(target=creator, args=(data, q))
    thread_two = threading.Thread(target=my_consumer, args=(q,))
    thread_one.start()
    thread_two.start()

    thread_one.join()  # the creator has put every item and seen each one doubled
    q.join()           # every item put on the queue has been marked task_done()
    q.put(None)        # tell the consumer to stop
    thread_two.join()
