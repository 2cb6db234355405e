"""Mistake: q.task_done() called twice for one item.

The consumer calls q.task_done() when it has doubled the item, and again in a
finally: block, meant as a safety net. The second call finds no unfinished
task and raises ValueError: task_done() called too many times. The consumer
thread dies before evt.set(), so the creator waits for the first item forever.
"""

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
        try:
            print('data found to be processed: {}'.format(data))
            processed = data * 2
            print(processed)
            q.task_done()
        finally:
            q.task_done()  # meant as a safety net: a second call for the same item
        evt.set()


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
